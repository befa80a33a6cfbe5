-- This file contains no statements, only comments.
-- SELECT 1;  <- commented out, must not be returned
/* A block comment; with a semicolon inside */
/* Nested /* block */ comments are legal in PostgreSQL; SELECT 2; */
--
-- trailing line comment without a newline at the end of file