; Main (low) sets Error, then starts a high process, which preempts it at once. The
; high process stores testerr's result (1 = Error was clear) at #80000F80 and stops;
; main then stores its own testerr result (0 = Error was set) at #80000F84.
        ajw 100
        seterr
        ldc high - h0
        ldpi
h0:
        stl 39
        ldlp 40
        runp
        testerr
        mint
        ldnlp 993
        stnl 0
        stopp
high:
        testerr
        mint
        ldnlp 992
        stnl 0
        stopp
