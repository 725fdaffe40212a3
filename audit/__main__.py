"""``python -m audit``: the citeaudit command line."""

from .cli import entry

if __name__ == "__main__":
    entry()
