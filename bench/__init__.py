"""``make bench``: the real pipeline under load, printing figures (never a pass/fail test)."""
