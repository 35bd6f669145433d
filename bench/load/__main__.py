import sys

from bench.load.driver import main

sys.exit(main())
