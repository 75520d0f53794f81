; Two channel guards ready at once: the first ready guard in *disable* order wins.
; Guards are enabled c1, c2 but disabled c2, c1, so 'b' (on c2) is taken first; the
; second ALT then finds only c1 ready and takes 'a'.
        ajw 100
        mint
        stl 1              ; c1
        mint
        stl 2              ; c2
        ldc ca - s1
        ldlp 40
        startp
s1:
        ldc cb - s2
        ldlp 60
        startp
s2:
        ldtimer
        adc 2
        tin                ; let both outputters arrive first
        ldc 2
        stl 6              ; two ALTs
again:
        alt
        ldlp 1
        ldc 1
        enbc
        ldlp 2
        ldc 1
        enbc
        altwt
        ldlp 2
        ldc 1
        ldc body2 - after
        disc
        ldlp 1
        ldc 1
        ldc body1 - after
        disc
        altend
after:
body1:
        ldlp 4
        ldlp 1
        ldc 1
        in
        j next
body2:
        ldlp 4
        ldlp 2
        ldc 1
        in
next:
        ldl 4
        call log
        ldl 6
        adc -1
        stl 6
        ldl 6
        cj done
        j again
done:
        stopp
ca:
        ldc 97             ; 'a' on c1
        ldlp -39
        outbyte
        stopp
cb:
        ldc 98             ; 'b' on c2
        ldlp -58
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
