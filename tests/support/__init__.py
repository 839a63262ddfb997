"""Test helpers shared by every test module: the scripted OpenAI-compatible server and its fixtures."""
