"""Evals: golden datasets, suggestion-quality metrics, runs, comparisons and the CI gate.

    dataset --run (cache, concurrency)--> per-case results --metrics--> Run --compare--> report + exit code

The web app and the CLI use :mod:`coach.evals.service`; everything else here is the machinery behind it.
Nothing heavy is imported at package level.
"""
