"""Loading real alumni lists: read, validate row by row, build a new database, swap it in."""
