"""The pages of organisations, by family; ``urls.py`` names each module's views."""
