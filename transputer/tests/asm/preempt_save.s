; The preemption save area as the high process sees it. Main (low) sets Error and
; has #55, #66 under the Wdesc on its stack when its runp starts a high process (the
; emulator's runp leaves the stack as it is), which preempts it at
; once and copies the seven save words #8000002C..#80000044 (Wdesc, Iptr, A, B, C,
; Status, E) to #80000F80..; then stops. Main resumes at `r`, stores that address
; at #80000FA0 and its Wptr at #80000FA4.
        ajw 100
        seterr
        ldc #66
        ldc #55
        ldc high - h0
        ldpi
h0:
        stl 39
        ldlp 40
        runp
r:
        ldc r - r0
        ldpi
r0:
        mint
        ldnlp 1000
        stnl 0
        ldlp 0
        mint
        ldnlp 1001
        stnl 0
        stopp
high:
        mint
        ldnl 11
        mint
        ldnlp 992
        stnl 0
        mint
        ldnl 12
        mint
        ldnlp 993
        stnl 0
        mint
        ldnl 13
        mint
        ldnlp 994
        stnl 0
        mint
        ldnl 14
        mint
        ldnlp 995
        stnl 0
        mint
        ldnl 15
        mint
        ldnlp 996
        stnl 0
        mint
        ldnl 16
        mint
        ldnlp 997
        stnl 0
        mint
        ldnl 17
        mint
        ldnlp 998
        stnl 0
        stopp
