from coach.cli import entry

entry()
