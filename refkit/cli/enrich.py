"""(commands are added here by the work on this part of refkit)"""
COMMANDS: list = []
