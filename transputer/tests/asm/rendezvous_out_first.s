; Rendezvous with the outputter arriving first: main outputs, then the child inputs.
        ajw 100
        mint
        stl 1              ; channel
        ldc child - s1
        ldlp 40
        startp
s1:
        ldc 88             ; 'X'
        ldlp 1
        outbyte            ; first to arrive: waits
        ldc 79             ; 'O'
        call log
        stopp
child:
        ldc 105            ; 'i'
        call log
        ldlp 2
        ldlp -39
        ldc 1
        in                 ; second to arrive: copies and continues
        ldl 2
        call log
        ldc 73             ; 'I'
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
