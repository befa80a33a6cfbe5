SELECT id FROM users WHERE name = 'cafÃ( ÿ bad';
