import AugurCommands

AugurCommand.runMain()
