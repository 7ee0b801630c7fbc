from kinship_evidence.cli import main

if __name__ == "__main__":
    main()
