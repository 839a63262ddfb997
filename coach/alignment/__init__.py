"""Several OKR sets checked together: the alignment graph, its summary, the map, the diff."""
