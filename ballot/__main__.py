from ballot.cli import main

main()
