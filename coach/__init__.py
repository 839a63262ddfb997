"""okr-coach: an OKR coaching assistant."""
