import sys
import time
sys.stdin.read()
time.sleep(60)
