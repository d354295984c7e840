import sys
sys.stdin.read()
print("loading model weights...", file=sys.stderr)
raise SystemExit("fatal: model file missing")
