import sys

from prakerja_dash.cli import main

sys.exit(main())
