"""The Gradio web app (``okr-coach serve``): a thin adapter over the same services as the CLI.

Nothing here is imported by ``okr-coach check``; gradio itself is imported only when the app is built.
Screens: :mod:`coach.ui.chat`, :mod:`coach.ui.checkins`, :mod:`coach.ui.knowledge`, :mod:`coach.ui.evals`.
"""
