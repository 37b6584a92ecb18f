import sys

from yuyin.cli import main

sys.exit(main())
