"""`make bench`: every benchmark, one after the other."""

import subprocess
import sys

BENCHMARKS = ["bench.api_requests", "bench.oauth_token"]

if __name__ == "__main__":
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        subprocess.run([sys.executable, "-m", module], check=True)
