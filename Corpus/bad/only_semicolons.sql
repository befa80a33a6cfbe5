;
;;
  ;  -- nothing but empty statements
;
