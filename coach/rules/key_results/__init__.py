"""Key-result rules (OKR1xx): is each key result a measurable change with a baseline, target and deadline?"""
