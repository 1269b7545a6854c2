#!/usr/bin/env python
"""Django's command-line utility; the same as the `bloem` console script."""

from bloem.cli import main

if __name__ == "__main__":
    main()
