"""python -m belannot"""

from belannot.cli import main

main()
