; Prints "Hello, world!" through link 0 (the host's stdout) and stops.
; Each byte goes out with `outbyte` on the link-0 output channel word #80000000.
        ajw 8              ; reserve workspace above the code (W[-5..-1] free)
        ldc 0
        stl 1              ; i := 0
loop:
        ldc text - here    ; address of the text
        ldpi
here:
        ldl 1
        bsub               ; &text[i]
        lb                 ; text[i]
        dup
        cj done            ; a zero byte ends the text (cj pops nothing if taken)
        mint               ; A = link 0 output channel word, B = the byte
        outbyte
        ldl 1
        adc 1
        stl 1
        j loop
done:
        stopp
text:
        .byte "Hello, world!\n", 0
