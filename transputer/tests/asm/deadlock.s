; Main inputs from a channel nobody outputs on: a deadlock.
        ajw 100
        mint
        stl 1
        ldlp 2
        ldlp 1
        ldc 4
        in
        stopp
