; PAR via startp/endp: three branches (the main one and two started ones) log their
; letter; the last to end continues at the join and logs 'J'.
; The log: count at #80000F00, bytes from #80000F04 (read by the test).
        ajw 100
        ldc 3
        stl 1              ; join count: three branches
        ldc join - j0
        ldpi
j0:
        stl 0              ; join successor
        ldc b1 - s1
        ldlp 40
        startp             ; branch A, workspace W+160
s1:
        ldc b2 - s2
        ldlp 80
        startp             ; branch B, workspace W+320
s2:
        ldc 77             ; 'M': the main process's own branch
        call log
        ldlp 0
        endp
b1:
        ldc 65             ; 'A'
        call log
        ldlp -40
        endp
b2:
        ldc 66             ; 'B'
        call log
        ldlp -80
        endp
join:
        ldc 74             ; 'J'
        call log
        stopp

; log(W[1] = byte): appends a byte to the log.
log:
        ldl 1
        mint
        ldnlp 960
        ldnl 0
        mint
        ldnlp 961
        bsub
        sb
        mint
        ldnlp 960
        ldnl 0
        adc 1
        mint
        ldnlp 960
        stnl 0
        ret
