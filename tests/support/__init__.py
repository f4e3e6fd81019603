"""What the tests share: paths, the example's size, catalog answers, and servers to test against."""
