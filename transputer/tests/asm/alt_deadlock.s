; An ALT nobody will ever serve: guards on two soft channels (W[1], W[2]) and on
; link 1's input (nothing attached), plus a channel W[3] whose boolean guard is
; false (not enabled, so not waited on). altwt waits forever: a deadlock.
        ajw 100
        mint
        stl 1
        mint
        stl 2
        mint
        stl 3
        alt
        ldlp 1
        ldc 1
        enbc
        ldlp 2
        ldc 1
        enbc
        mint
        ldnlp 5            ; link 1 input channel word
        ldc 1
        enbc
        ldlp 3
        ldc 0
        enbc
        altwt
        stopp
