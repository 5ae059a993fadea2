"""Cross-agency person matching: name normalisation now; review and merge later."""
