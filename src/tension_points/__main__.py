from tension_points.cli import main

raise SystemExit(main())
