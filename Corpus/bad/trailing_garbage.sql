SELECT id, email FROM users WHERE id = 1;
}}} this is not SQL at all {{{
