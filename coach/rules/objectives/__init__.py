"""Objective rules (OKR2xx): is each objective a qualitative, purposeful state in plain words?"""
