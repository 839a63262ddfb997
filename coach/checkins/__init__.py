"""Check-ins: the store, the maths, the flags, the Facts and the narratives written from them.

Entry points for the CLI and the web app live in :mod:`coach.checkins.service`. Everything except
``store`` (sqlite), ``llm_writer`` (via ``coach.llm``) and ``charts`` (matplotlib) is pure.
"""
