"""A short article the import tests paste into the review page."""

ARTICLE = """Two stretches for a stiff back

Wall Slide

Stand with your back against a wall and your feet a step away from it. \
Slide slowly down the wall until your knees are bent. Hold for 5 seconds. Repeat 8 times.

Knee to Chest

Lie on your back with your knees bent. Pull one knee to your chest. \
Hold for 20 seconds. Repeat 3 times with each leg.
"""
