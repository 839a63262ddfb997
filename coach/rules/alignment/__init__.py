"""Alignment rules (OKR4xx): what several sets checked together say about each other.

They read the :class:`~coach.alignment.graph.AlignmentGraph` (``okr-coach check`` with several files or
folders, or a draft that names its parent); a single set on its own gives them nothing to judge.
"""
