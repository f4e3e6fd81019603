"""Where portfolios live beyond one process: an on-disk store (generations, stage then
swap) and any SPARQL 1.1 server, one named graph per portfolio."""
