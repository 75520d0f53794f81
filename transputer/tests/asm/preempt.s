; A high-priority process preempts a low one. Main (low) starts a high process with
; runp (even Wdesc); it runs at once, sleeps 100 µs on the high clock, and when it
; wakes it interrupts main's busy loop (about 5 ms, so also past a timeslice
; boundary that never applies to it), logs 'H', stores the time it woke and its
; target at #80000F80/#80000F84, and stops. Main logs 'L' when its loop ends.
        ajw 100
        ldc high - h0
        ldpi
h0:
        stl 39             ; Iptr.s of the high process (its W[-1], W = main W + 160)
        ldlp 40
        runp               ; even Wdesc: high priority
        ldc 10000
        stl 1
busy:
        ldl 1
        adc -1
        stl 1
        ldl 1
        cj done
        j busy
done:
        ldc 76             ; 'L'
        call log
        stopp
high:
        ldtimer
        adc 100
        stl 1
        ldl 1
        tin
        ldtimer
        mint
        ldnlp 992
        stnl 0
        ldl 1
        mint
        ldnlp 993
        stnl 0
        ldc 72             ; 'H'
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
