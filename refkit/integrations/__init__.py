"""refkit plugged into other tools (pybtex's database formats)."""
