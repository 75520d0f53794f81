; Three sleepers started in the order A (30 ticks), B (10), C (20) wake in time
; order B, C, A; main sleeps longest and logs 'M' last. Each sleeper stores the
; clock it woke at, and the time it waited for, for the test to check.
        ajw 100
        ldc a - s1
        ldlp 40
        startp
s1:
        ldc b - s2
        ldlp 60
        startp
s2:
        ldc c - s3
        ldlp 80
        startp
s3:
        ldtimer
        adc 40
        tin
        ldc 77             ; 'M'
        call log
        stopp
a:
        ldtimer
        adc 30
        stl 1              ; wait until AFTER this
        ldl 1
        tin
        ldc 65
        call log
        stopp
b:
        ldtimer
        adc 10
        stl 1
        ldl 1
        tin
        ldtimer
        stl 2              ; woke at
        ldc 66
        call log
        stopp
c:
        ldtimer
        adc 20
        stl 1
        ldl 1
        tin
        ldc 67
        call log
        stopp

; log(W[1] = byte): appends a byte to the log at #80000F04 (count at #80000F00).
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
