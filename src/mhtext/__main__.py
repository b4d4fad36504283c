from mhtext.cli import main

raise SystemExit(main())
