package server

// The database drivers the store opens, registered in main for the binary.
import (
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)
