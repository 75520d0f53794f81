; Rendezvous with the inputter arriving first: main inputs, then the child outputs.
; The child logs 'o' before and 'O' after its output, main the byte and 'I'.
        ajw 100
        mint
        stl 1              ; channel
        ldc child - s1
        ldlp 40
        startp
s1:
        ldlp 2
        ldlp 1
        ldc 1
        in                 ; first to arrive: waits
        ldl 2
        call log
        ldc 73             ; 'I'
        call log
        stopp
child:
        ldc 111            ; 'o'
        call log
        ldc 88             ; 'X'
        ldlp -39
        outbyte            ; second to arrive: copies and continues
        ldc 79             ; 'O'
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
