"""Staff decisions survive a replace with a reworded text (services/carry.py)."""
