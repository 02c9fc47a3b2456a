# expect: nothing
