import sys
sys.stdin.read()
print("this is not json")
