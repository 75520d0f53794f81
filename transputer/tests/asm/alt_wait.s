; An ALT that must wait: nothing is ready at altwt; a child outputs later and the
; alter is woken (Waiting.p -> Ready.p) and selects the channel.
        ajw 100
        mint
        stl 1
        ldc child - s1
        ldlp 40
        startp
s1:
        alt
        ldlp 1
        ldc 1
        enbc
        altwt              ; waits: the child has not run yet
        ldc 119            ; 'w': woken
        call log
        ldlp 1
        ldc 1
        ldc body - after
        disc
        altend
after:
body:
        ldlp 4
        ldlp 1
        ldc 1
        in
        ldl 4
        call log
        stopp
child:
        ldtimer
        adc 2
        tin
        ldc 99             ; 'c': about to output
        call log
        ldc 121            ; 'y'
        ldlp -39
        outbyte
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
