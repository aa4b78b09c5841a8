"""Entry point PyInstaller freezes: the same CLI as the installed `belannot` command."""

from belannot.cli import main

if __name__ == "__main__":
    main()
