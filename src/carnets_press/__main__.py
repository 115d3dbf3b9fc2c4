from carnets_press.cli import main

main()
