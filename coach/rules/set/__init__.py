"""Set rules (OKR3xx): counts of objectives and key results, and tasks listed among the outcomes."""
